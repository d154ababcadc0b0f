package hca.transfer;

/**
 * One valid manifest line. Uuids and the sha256 are lower-cased, as the DSS stores them. A column
 * the manifest does not have is null ({@code size}: -1).
 *
 * @param line the line it starts on (the header is line 1)
 */
public record ManifestRow(
    long line,
    String bundleUuid,
    String bundleVersion,
    String fileName,
    String fileUuid,
    String fileVersion,
    String sha256,
    long size)
    implements ManifestEntry {}
