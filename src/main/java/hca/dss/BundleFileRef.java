package hca.dss;

/**
 * A file's place in a bundle, as {@code PUT /bundles} and {@code PATCH /bundles} take it.
 *
 * @param uuid the file's uuid
 * @param version the file's version
 * @param name its name within the bundle (unique there)
 * @param indexed whether its JSON goes into the search index
 */
public record BundleFileRef(String uuid, String version, String name, boolean indexed) {}
