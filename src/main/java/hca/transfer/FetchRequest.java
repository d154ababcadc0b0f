package hca.transfer;

/**
 * One file to fetch into a {@link FileStore}.
 *
 * @param fileUuid the DSS file uuid
 * @param fileVersion the file version, or null for the latest
 * @param replica the replica to read from ({@code aws}, {@code gcp})
 * @param sha256 the expected sha256 (64 hex digits); the file is stored under it
 * @param size the expected size in bytes
 * @param crc32cOrNull the expected CRC-32C as 8 lower-case hex digits when known (bundle listings
 *     have it; manifests do not), else null
 */
public record FetchRequest(
    String fileUuid, String fileVersion, String replica, String sha256, long size, String crc32cOrNull) {}
