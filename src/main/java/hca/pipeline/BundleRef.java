package hca.pipeline;

/** A bundle to download: its uuid and version (null for the latest). */
public record BundleRef(String uuid, String version) {}
