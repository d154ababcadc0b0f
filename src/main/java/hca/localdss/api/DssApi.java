package hca.localdss.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import hca.localdss.Faults;
import hca.localdss.auth.JwtVerifier;
import hca.localdss.records.BundleIndexer;
import hca.localdss.records.BundleRecords;
import hca.localdss.records.CheckoutJobs;
import hca.localdss.records.CollectionRecords;
import hca.localdss.records.FileRecords;
import hca.localdss.records.Replicas;
import hca.localdss.records.SubscriptionRecords;
import java.util.Set;

/** Assembles the API's routes and servlet from the server's parts. */
public final class DssApi {

  private final Routes routes = new Routes();
  private final Routes internal = new Routes();
  private final ServedSpec spec = new ServedSpec();
  private final JwtVerifier verifier;
  private final Faults faults;
  private final boolean debugErrors;

  /** Everything the API serves from. */
  public record Parts(
      Replicas replicas,
      FileRecords files,
      BundleRecords bundles,
      CollectionRecords collections,
      CheckoutJobs checkouts,
      BundleIndexer indexer,
      SubscriptionRecords subscriptions,
      java.util.function.Supplier<java.util.Map<String, ?>> notifications,
      JwtVerifier verifier,
      Faults faults,
      Set<String> admins,
      String version,
      boolean debugErrors,
      hca.localdss.auth.SignInProvider signIn,
      String signInEmail) {}

  public DssApi(Parts p) {
    this.verifier = p.verifier();
    this.faults = p.faults();
    this.debugErrors = p.debugErrors();
    String version = p.version();
    Checkout checkout = new Checkout(faults);
    new FilesApi(p.replicas(), p.files(), checkout).register(routes);
    new BundlesApi(p.replicas(), p.bundles(), checkout, p.admins()).register(routes);
    new CheckoutApi(p.replicas(), p.checkouts()).register(routes);
    new CollectionsApi(p.replicas(), p.collections()).register(routes);
    new SearchApi(p.replicas(), p.indexer()).register(routes);
    new SubscriptionsApi(p.replicas(), p.subscriptions()).register(routes);
    new EventsApi(p.replicas(), p.bundles()).register(routes, internal);
    new SignInApi(p.signIn(), p.signInEmail()).register(internal);
    internal.add(
        "GET",
        "/internal/notifications",
        Routes.Access.ANONYMOUS,
        r -> ApiReply.json(200, Json.MAPPER.valueToTree(p.notifications().get())));
    internal.add(
        "GET",
        "/version",
        Routes.Access.ANONYMOUS,
        r -> {
          ObjectNode b = Json.object();
          b.putObject("version_info").put("version", version);
          return ApiReply.json(200, b);
        });
    internal.add(
        "GET",
        "/internal/health",
        Routes.Access.ANONYMOUS,
        r -> {
          ObjectNode b = Json.object();
          b.put("status", "ok");
          return ApiReply.json(200, b);
        });
    internal.add("GET", "/internal/faults", Routes.Access.ANONYMOUS, r -> faultsReply());
    internal.add(
        "PUT",
        "/internal/faults",
        Routes.Access.ANONYMOUS,
        r -> {
          try {
            faults.set(Faults.Spec.parse(new String(r.rawBody(), java.nio.charset.StandardCharsets.UTF_8).trim()));
          } catch (IllegalArgumentException e) {
            throw DssException.illegalArguments(e.getMessage());
          }
          return faultsReply();
        });
  }

  /** The spec routes, for further APIs to register on. */
  public Routes routes() {
    return routes;
  }

  private ApiReply faultsReply() {
    return ApiReply.json(200, Json.MAPPER.valueToTree(faults.counters()));
  }

  public DssApiServlet servlet() {
    return new DssApiServlet(routes, internal, spec, verifier, faults, debugErrors);
  }
}
