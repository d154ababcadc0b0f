package hca.localdss.cloud;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A GCS JSON-API error: the HTTP status, the error reason and a message for the client. */
final class GcsException extends RuntimeException {

  private final int status;
  private final String reason;

  GcsException(int status, String reason, String message) {
    super(message);
    this.status = status;
    this.reason = reason;
  }

  int status() {
    return status;
  }

  String reason() {
    return reason;
  }

  static GcsException badRequest(String message) {
    return new GcsException(400, "invalid", message);
  }

  static GcsException forbidden(String message) {
    return new GcsException(403, "forbidden", message);
  }

  static GcsException notFound(String message) {
    return new GcsException(404, "notFound", message);
  }

  static GcsException noSuchObject(String bucket, String name) {
    return notFound("No such object: " + bucket + "/" + name);
  }

  static GcsException noSuchBucket(String bucket) {
    return notFound("The specified bucket does not exist: " + bucket);
  }

  static GcsException conflict(String message) {
    return new GcsException(409, "conflict", message);
  }

  static GcsException preconditionFailed() {
    return new GcsException(
        412, "conditionNotMet", "At least one of the pre-conditions you specified did not hold.");
  }

  static GcsException notModified() {
    return new GcsException(304, "notModified", "Not Modified");
  }

  static GcsException notImplemented(String message) {
    return new GcsException(501, "notImplemented", message);
  }

  /** The error body GCS sends: {@code {"error":{"code":..,"message":..,"errors":[..]}}}. */
  static ObjectNode body(int status, String reason, String message) {
    ObjectNode root = GcsResources.JSON.createObjectNode();
    ObjectNode error = root.putObject("error");
    error.put("code", status);
    error.put("message", message);
    ObjectNode item = error.putArray("errors").addObject();
    item.put("message", message);
    item.put("domain", "global");
    item.put("reason", reason);
    return root;
  }

  ObjectNode body() {
    return body(status, reason, getMessage());
  }
}
