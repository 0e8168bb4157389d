package org.commonground.initiative.webhook;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import org.commonground.platform.problem.ProblemException;

/**
 * Where a webhook may point. HTTPS to a public address only: nothing on loopback, private, link-local, carrier-grade
 * NAT or unique-local networks, so that nobody can make the platform call into its own network (SSRF). The local
 * profile ({@code cg.webhooks.allow-private-addresses=true}) also accepts {@code http://} to the loopback address, for
 * a receiver on the developer's machine. A host name is checked again, by what it resolves to, before each delivery.
 */
final class WebhookUrls {

    private WebhookUrls() {
    }

    /** The URL, checked; a 400 naming {@code url} otherwise. */
    static URI check(String url, boolean allowPrivate) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw ProblemException.invalid("url", "is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost();
        if (!uri.isAbsolute() || host == null || host.isBlank() || !(scheme.equals("https") || scheme.equals("http"))) {
            throw ProblemException.invalid("url", "must be an absolute https:// URL with a host");
        }
        if (uri.getRawUserInfo() != null) {
            throw ProblemException.invalid("url", "must not carry a user name or password: authenticate by the signature");
        }
        if (uri.getRawFragment() != null) {
            throw ProblemException.invalid("url", "must not have a fragment (#...)");
        }
        boolean loopback = isLoopbackName(host);
        if (scheme.equals("http") && !(allowPrivate && loopback)) {
            throw ProblemException.invalid("url", allowPrivate ? "must be https:// (http:// only to 127.0.0.1 or localhost, for local testing)"
                    : "must be https://");
        }
        if (!allowPrivate && (loopback || internalName(host) || (isLiteral(host) && !publicAddress(literal(host))))) {
            throw ProblemException.invalid("url", "must point to a public address, not to a loopback, private or link-local one");
        }
        return uri;
    }

    /** Whether an address is on the public internet (what a delivery may connect to in production). */
    static boolean publicAddress(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                || address.isMulticastAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet6Address) {
            return (b[0] & 0xfe) != 0xfc; // fc00::/7, unique local
        }
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        return !(first == 0 || (first == 100 && second >= 64 && second <= 127) // 0/8, 100.64/10 (carrier-grade NAT)
                || (first == 192 && second == 0 && (b[2] & 0xff) == 0) || (first == 198 && (second == 18 || second == 19))
                || first >= 240);
    }

    private static boolean isLoopbackName(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.endsWith(".localhost") || h.equals("127.0.0.1") || h.equals("[::1]") || h.equals("::1");
    }

    private static boolean internalName(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.endsWith(".local") || h.endsWith(".internal") || h.endsWith(".cluster.local") || !h.contains(".") && !isLiteral(h);
    }

    private static boolean isLiteral(String host) {
        return host.startsWith("[") || host.matches("[0-9.]+");
    }

    private static InetAddress literal(String host) {
        if (!host.startsWith("[") && (host.split("\\.", -1).length != 4
                || java.util.Arrays.stream(host.split("\\.", -1)).anyMatch(part -> part.isEmpty() || part.length() > 3 || Integer.parseInt(part) > 255))) {
            throw ProblemException.invalid("url", "has an address that is not valid");
        }
        try {
            // a literal is parsed, never looked up
            return InetAddress.getByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException e) {
            throw ProblemException.invalid("url", "has an address that is not valid");
        }
    }
}
