package hca.transfer;

/**
 * A manifest line that cannot be used.
 *
 * @param line the line it starts on (the header is line 1)
 * @param message what is wrong, naming the column and the value
 */
public record RowError(long line, String message) implements ManifestEntry {}
