package hca.localdss.records;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import hca.localdss.LocalSettings;
import hca.localdss.api.DssException;
import hca.localdss.api.Json;
import hca.localdss.search.EsQuery;
import hca.localdss.search.UnsupportedQueryException;
import hca.localdss.store.Replica;
import io.burt.jmespath.JmesPath;
import io.burt.jmespath.jackson.JacksonRuntime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Subscriptions of each replica: an Elasticsearch query ({@code es_query}, the DSS's v1) or a
 * JMESPath query (v2) plus where and how to deliver notifications. Kept as one JSON file each
 * under {@code DIR/subscriptions/<replica>/}.
 */
public final class SubscriptionRecords {

  /** The two kinds, as GET /subscriptions?subscription_type names them. */
  public static final String ELASTICSEARCH = "elasticsearch";

  public static final String JMESPATH = "jmespath";

  static final JmesPath<JsonNode> JMES = new JacksonRuntime();
  private static final int MAX_PER_OWNER = 100;

  private final Path dir;
  private final Map<String, Map<String, ObjectNode>> byReplica = new ConcurrentHashMap<>();

  public SubscriptionRecords(Path dir) {
    this.dir = dir;
  }

  private Map<String, ObjectNode> of(Replica r) {
    return byReplica.computeIfAbsent(r.name(), this::load);
  }

  private Map<String, ObjectNode> load(String replica) {
    Map<String, ObjectNode> m = new ConcurrentHashMap<>();
    Path d = dir.resolve(replica);
    if (Files.isDirectory(d)) {
      try (Stream<Path> s = Files.list(d)) {
        for (Path p : (Iterable<Path>) s.filter(f -> f.toString().endsWith(".json"))::iterator) {
          ObjectNode doc = Json.parseObject(Files.readAllBytes(p));
          m.put(doc.path("uuid").asText(), doc);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return m;
  }

  /** The kind of a stored subscription. */
  public static String type(JsonNode sub) {
    JsonNode q = sub.get("es_query");
    return q != null && q.isObject() && q.size() > 0 ? ELASTICSEARCH : JMESPATH;
  }

  /** PUT /subscriptions: checks and stores a subscription; returns what the DSS answered. */
  public ObjectNode put(Replica r, String owner, ObjectNode body) {
    ObjectNode doc = body.deepCopy();
    String type = type(doc);
    if (type.equals(ELASTICSEARCH)) {
      try {
        EsQuery.compile(doc.get("es_query"));
      } catch (UnsupportedQueryException e) {
        throw DssException.badRequest("elasticsearch_bad_request", e.getMessage());
      }
    } else if (doc.hasNonNull("jmespath_query")) {
      compileJmes(doc.get("jmespath_query").asText(), "invalid_jmespath", "jmespath_query");
    }
    JsonNode attachments = doc.get("attachments");
    if (attachments != null) {
      for (Iterator<Map.Entry<String, JsonNode>> it = attachments.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> a = it.next();
        if (a.getKey().startsWith("_")) {
          throw DssException.badRequest(
              "invalid_attachment_name", "Attachment names must not start with '_': " + a.getKey());
        }
        compileJmes(a.getValue().path("expression").asText(), "invalid_attachment_expression",
            "attachment " + a.getKey());
      }
    }
    if (ownedBy(r, owner, null).size() >= MAX_PER_OWNER) {
      throw new DssException(406, "not_acceptable", "Users cannot exceed " + MAX_PER_OWNER + " subscriptions");
    }
    String uuid = UUID.randomUUID().toString();
    doc.put("uuid", uuid);
    doc.put("owner", owner);
    doc.put("replica", r.name());
    if (!doc.has("method")) {
      doc.put("method", "POST");
    }
    if (!doc.has("encoding")) {
      doc.put("encoding", "application/json");
    }
    if (type.equals(JMESPATH) && !doc.has("payload_form_field")) {
      doc.put("payload_form_field", "payload");
    }
    try {
      LocalSettings.writePrivate(dir.resolve(r.name()).resolve(uuid + ".json"), Json.bytes(doc));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    of(r).put(uuid, doc);
    if (type.equals(ELASTICSEARCH)) {
      ObjectNode ack = Json.object();
      ack.put("uuid", uuid);
      return ack;
    }
    return doc.deepCopy();
  }

  private static void compileJmes(String expression, String code, String what) {
    try {
      JMES.compile(expression);
    } catch (RuntimeException e) {
      throw DssException.badRequest(code, "Invalid JMESPath expression in " + what + ": " + e.getMessage());
    }
  }

  /** The caller's subscriptions of one kind (all kinds when null), secrets removed. */
  public List<ObjectNode> ownedBy(Replica r, String owner, String typeOrNull) {
    List<ObjectNode> out = new ArrayList<>();
    for (ObjectNode s : of(r).values()) {
      if (owner.equals(s.path("owner").asText()) && (typeOrNull == null || type(s).equals(typeOrNull))) {
        out.add(withoutSecret(s));
      }
    }
    out.sort((a, b) -> a.path("uuid").asText().compareTo(b.path("uuid").asText()));
    return out;
  }

  /** One subscription of the caller; 404 when missing, 403 when another's (elasticsearch kind). */
  public ObjectNode get(Replica r, String uuid, String owner, String type) {
    ObjectNode s = of(r).get(uuid);
    if (s == null || !type(s).equals(type)) {
      throw DssException.notFound("Cannot find subscription with UUID " + uuid);
    }
    if (!owner.equals(s.path("owner").asText())) {
      if (type.equals(ELASTICSEARCH)) {
        throw new DssException(403, "Forbidden", "Your credentials can't access this subscription!");
      }
      throw DssException.notFound("Cannot find subscription with UUID " + uuid);
    }
    return withoutSecret(s);
  }

  public void delete(Replica r, String uuid, String owner, String type) {
    get(r, uuid, owner, type);
    of(r).remove(uuid);
    try {
      Files.deleteIfExists(dir.resolve(r.name()).resolve(uuid + ".json"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every subscription of a replica, with its secret, for delivery. */
  public List<ObjectNode> all(Replica r) {
    return List.copyOf(of(r).values());
  }

  public Optional<ObjectNode> find(Replica r, String uuid) {
    return Optional.ofNullable(of(r).get(uuid));
  }

  private static ObjectNode withoutSecret(ObjectNode s) {
    ObjectNode c = s.deepCopy();
    c.remove("hmac_secret_key");
    return c;
  }
}
