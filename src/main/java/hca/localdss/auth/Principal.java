package hca.localdss.auth;

/** The caller of an authenticated request, from the verified token's claims. */
public record Principal(String email, String group, String issuer) {}
