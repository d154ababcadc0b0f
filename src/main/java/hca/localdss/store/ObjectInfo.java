package hca.localdss.store;

import java.time.Instant;
import java.util.Map;

/** What a store knows of one object without reading it. */
public record ObjectInfo(
    String key,
    long size,
    String contentType,
    String etag,
    Instant lastModified,
    Map<String, String> userMetadata) {}
