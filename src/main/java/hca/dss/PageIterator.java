package hca.dss;

import com.fasterxml.jackson.databind.JsonNode;
import hca.dss.spec.Operation;
import hca.dss.spec.Pagination;
import java.net.URI;
import java.util.Collections;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * The items of a listing, fetched one page at a time as they are consumed: the next page is asked
 * for only when the current one is used up, by following its {@code Link rel=next} verbatim (a
 * POST, such as search, sends the same body again). Errors surface from {@link #hasNext()}.
 */
final class PageIterator implements Iterator<JsonNode> {

  private final OperationInvoker invoker;
  private final Operation op;
  private HttpCall nextCall;
  private Iterator<JsonNode> items = Collections.emptyIterator();
  private int pages;

  PageIterator(OperationInvoker invoker, Operation op, HttpCall first) {
    this.invoker = invoker;
    this.op = op;
    this.nextCall = first;
  }

  @Override
  public boolean hasNext() {
    while (!items.hasNext()) {
      if (nextCall == null) {
        return false;
      }
      fetch();
    }
    return true;
  }

  @Override
  public JsonNode next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return items.next();
  }

  /** How many pages have been fetched so far. */
  int pages() {
    return pages;
  }

  private void fetch() {
    HttpCall call = nextCall;
    DssResponse page = invoker.exchange(op, call);
    pages++;
    JsonNode content = Pagination.contentAt(page.json(), OperationInvoker.contentKey(op, page));
    items = content.isArray() ? content.elements() : Collections.emptyIterator();
    Optional<URI> next = OperationInvoker.next(page, call.uri());
    nextCall = next.map(call::to).orElse(null);
  }
}
