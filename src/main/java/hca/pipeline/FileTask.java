package hca.pipeline;

import hca.transfer.FetchRequest;

/**
 * One file to fetch and where to link it.
 *
 * @param line the manifest line, or the file's position in its bundle
 * @param name the file's name (in its bundle or row)
 * @param layoutDir the folder to link it into ({@code <uuid>.<version>}), or null for store only
 */
public record FileTask(long line, String name, String layoutDir, FetchRequest request) {}
