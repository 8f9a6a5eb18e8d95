package io.ingestops.api.input;

/**
 * What no string that enters the service may hold (DESIGN §6 "One input policy at the boundary"):
 * U+0000, which PostgreSQL text and jsonb cannot store, and unpaired surrogates, which no UTF-8
 * encoding can carry (they would be stored as '?', so that different inputs become one).
 */
public final class TextPolicy {

    private TextPolicy() {}

    /** Why {@code text} is refused, or null if it is acceptable. */
    public static String problem(CharSequence text) {
        if (text == null) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return "must not contain NUL (U+0000) characters";
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return "must not contain an unpaired surrogate (U+" + hex(c) + ")";
            }
            if (Character.isLowSurrogate(c)) {
                return "must not contain an unpaired surrogate (U+" + hex(c) + ")";
            }
        }
        return null;
    }

    /** The text as it can be shown back to a client: every refused character as a JSON-style escape, {@code \\u} and four hex digits. */
    public static String printable(CharSequence text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean paired = Character.isHighSurrogate(c)
                    && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1));
            if (paired) {
                out.append(c).append(text.charAt(++i));
            } else if (c == '\u0000' || Character.isSurrogate(c)) {
                out.append("\\u").append(hex(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String hex(char c) {
        return String.format("%04X", (int) c);
    }
}
