package hca.localdss.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import hca.localdss.auth.SignInProvider;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.util.StringUtil;

/**
 * The sign-in routes of the local DSS: the client configuration in Google's installed-app shape
 * ({@code /internal/application_secrets}, which the original client fetched), the consent page,
 * the token endpoint and the revocation endpoint.
 */
final class SignInApi {

  static final String AUTHORIZE = "/internal/oauth/authorize";
  static final String TOKEN = "/internal/oauth/token";
  static final String REVOKE = "/internal/oauth/revoke";
  private static final List<String> FORM_FIELDS =
      List.of("client_id", "redirect_uri", "state", "scope", "code_challenge", "code_challenge_method");

  private final SignInProvider provider;
  private final String defaultEmail;

  SignInApi(SignInProvider provider, String defaultEmail) {
    this.provider = provider;
    this.defaultEmail = defaultEmail;
  }

  void register(Routes internal) {
    Routes.Access anon = Routes.Access.ANONYMOUS;
    internal.add("GET", "/internal/application_secrets", anon, this::secrets);
    internal.add("GET", AUTHORIZE, anon, this::consentPage);
    internal.add("POST", AUTHORIZE, anon, this::decide);
    internal.add("POST", TOKEN, anon, this::token);
    internal.add("POST", REVOKE, anon, r -> {
      provider.revoke(first(form(r), "token"));
      return ApiReply.empty(200);
    });
  }

  private ApiReply secrets(ApiRequest r) {
    ObjectNode b = Json.object();
    ObjectNode i = b.putObject("installed");
    i.put("client_id", SignInProvider.CLIENT_ID);
    i.put("project_id", "hca-local");
    i.put("auth_uri", r.origin() + AUTHORIZE);
    i.put("token_uri", r.origin() + TOKEN);
    i.put("revoke_uri", r.origin() + REVOKE);
    i.putArray("redirect_uris").add("http://127.0.0.1");
    return ApiReply.json(200, b);
  }

  /** The consent form; a request that names no known client or loopback redirect gets no redirect. */
  private ApiReply consentPage(ApiRequest r) {
    Map<String, String> q = new LinkedHashMap<>();
    r.queryParams().forEach((k, v) -> q.put(k, v.get(0)));
    ApiReply refused = refuseWithoutRedirect(q);
    if (refused != null) {
      return refused;
    }
    if (!"code".equals(q.get("response_type"))) {
      return redirect(q, "error", "unsupported_response_type");
    }
    if (q.get("code_challenge") == null || !"S256".equals(q.get("code_challenge_method"))) {
      return redirect(q, "error", "invalid_request", "error_description", "PKCE S256 is required");
    }
    String email = q.getOrDefault("login_hint", defaultEmail);
    StringBuilder hidden = new StringBuilder();
    for (String f : FORM_FIELDS) {
      if (q.get(f) != null) {
        hidden.append("<input type=\"hidden\" name=\"").append(f).append("\" value=\"")
            .append(esc(q.get(f))).append("\">\n");
      }
    }
    String html =
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Sign in to the local DSS</title></head>\n"
            + "<body><form method=\"post\" action=\"" + AUTHORIZE + "\">\n"
            + "<h1>Sign in to the local DSS as <span id=\"who\">" + esc(email) + "</span></h1>\n"
            + "<p><label>Email <input type=\"email\" name=\"email\" id=\"email\" required value=\"" + esc(email)
            + "\"></label></p>\n"
            + "<p>" + esc(q.get("client_id")) + " asks for: " + esc(q.getOrDefault("scope", "")) + "</p>\n"
            + hidden
            + "<button type=\"submit\" name=\"decision\" value=\"approve\" id=\"approve\">Approve</button>\n"
            + "<button type=\"submit\" name=\"decision\" value=\"deny\" id=\"deny\">Deny</button>\n"
            + "</form>\n"
            // opening the page with #approve clicks Approve, so a headless browser can consent
            + "<script>if (location.hash === '#approve') document.getElementById('approve').click();</script>\n"
            + "</body></html>\n";
    // no other page may frame the consent form and trick a click on Approve
    return ApiReply.raw(200, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8))
        .header("X-Frame-Options", "DENY")
        .header("Content-Security-Policy", "frame-ancestors 'none'");
  }

  private ApiReply decide(ApiRequest r) {
    Map<String, String> f = new LinkedHashMap<>();
    form(r).forEach((k, v) -> f.put(k, v.get(0)));
    ApiReply refused = refuseWithoutRedirect(f);
    if (refused != null) {
      return refused;
    }
    if (!"approve".equals(f.get("decision"))) {
      return redirect(f, "error", "access_denied");
    }
    String email = f.getOrDefault("email", "").strip();
    if (!email.matches("[^@\\s]+@[^@\\s]+")) {
      return page(400, "Not an email address: " + email);
    }
    if (f.get("code_challenge") == null || !"S256".equals(f.get("code_challenge_method"))) {
      return redirect(f, "error", "invalid_request", "error_description", "PKCE S256 is required");
    }
    String code =
        provider.issueCode(
            f.get("redirect_uri"), f.get("code_challenge"), email, f.getOrDefault("scope", ""));
    return redirect(f, "code", code);
  }

  private ApiReply token(ApiRequest r) {
    Map<String, List<String>> f = form(r);
    if (!SignInProvider.CLIENT_ID.equals(first(f, "client_id"))) {
      return oauthError(401, "invalid_client", "unknown client_id");
    }
    SignInProvider.Tokens t;
    try {
      t = switch (String.valueOf(first(f, "grant_type"))) {
        case "authorization_code" ->
            provider.exchange(first(f, "code"), first(f, "redirect_uri"), first(f, "code_verifier"));
        case "refresh_token" -> provider.refresh(first(f, "refresh_token"));
        default -> throw new SignInProvider.OAuthError("unsupported_grant_type", "grant_type must be authorization_code or refresh_token");
      };
    } catch (SignInProvider.OAuthError e) {
      return oauthError(400, e.error(), e.getMessage());
    }
    ObjectNode b = Json.object();
    b.put("access_token", t.accessToken());
    b.put("token_type", "Bearer");
    b.put("expires_in", t.expiresIn());
    b.put("refresh_token", t.refreshToken());
    b.put("scope", t.scope());
    return ApiReply.json(200, b);
  }

  private static ApiReply refuseWithoutRedirect(Map<String, String> p) {
    if (!SignInProvider.CLIENT_ID.equals(p.get("client_id"))) {
      return page(400, "Unknown client_id: " + p.get("client_id"));
    }
    if (p.get("redirect_uri") == null || !SignInProvider.isLoopbackRedirect(p.get("redirect_uri"))) {
      return page(400, "redirect_uri must be a loopback http address: " + p.get("redirect_uri"));
    }
    return null;
  }

  /** A 303 to the request's redirect_uri with {@code params} (name, value, ...) and its state. */
  private static ApiReply redirect(Map<String, String> p, String... params) {
    Map<String, String> q = new LinkedHashMap<>();
    for (int i = 0; i + 1 < params.length; i += 2) {
      q.put(params[i], params[i + 1]);
    }
    if (p.get("state") != null) {
      q.put("state", p.get("state"));
    }
    return ApiReply.redirect(303, p.get("redirect_uri") + UrlQuery.of(q));
  }

  private static ApiReply oauthError(int status, String error, String description) {
    ObjectNode b = Json.object();
    b.put("error", error);
    b.put("error_description", description);
    return ApiReply.json(status, b);
  }

  private static ApiReply page(int status, String message) {
    String html =
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Sign-in refused</title></head><body><p>"
            + esc(message) + "</p></body></html>\n";
    return ApiReply.raw(status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
  }

  private static Map<String, List<String>> form(ApiRequest r) {
    return ApiRequest.parseQuery(new String(r.rawBody(), StandardCharsets.UTF_8));
  }

  private static String first(Map<String, List<String>> m, String k) {
    List<String> v = m.get(k);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  private static String esc(String s) {
    return s == null ? "" : StringUtil.sanitizeXmlString(s);
  }
}
