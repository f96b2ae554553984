package dev.vigil.api;

import jakarta.ws.rs.core.MultivaluedMap;

/**
 * The model list's paging: {@code skip}/{@code top} (GA) or {@code $skip}/{@code $top} (preview), both accepted;
 * defaults 0 and 10 (GA) or 5 (preview); at most {@value MvModels#MAX_PAGE} a page. Anything but a non-negative
 * integer is the service's 400 {@code InvalidRequestParameterError}.
 */
record MvPaging(int skip, int top, boolean dollar) {

    static MvPaging of(MultivaluedMap<String, String> query, boolean ga) {
        boolean dollar = query.containsKey("$skip") || query.containsKey("$top");
        int skip = value(query, "skip", 0);
        int top = value(query, "top", ga ? MvModels.MAX_PAGE : 5);
        if (top < 1) {
            throw AzureApiException.badRequest("InvalidRequestParameterError", "top must be at least 1.");
        }
        return new MvPaging(skip, Math.min(top, MvModels.MAX_PAGE), dollar);
    }

    /** The query of the next page. */
    String next(int shown) {
        String p = dollar ? "$" : "";
        return p + "skip=" + (skip + shown) + "&" + p + "top=" + top;
    }

    private static int value(MultivaluedMap<String, String> query, String name, int dflt) {
        String text = query.getFirst(name);
        text = text == null ? query.getFirst("$" + name) : text;
        if (text == null) {
            return dflt;
        }
        try {
            int v = Integer.parseInt(text.trim());
            if (v >= 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // the same answer as a negative number
        }
        throw AzureApiException.badRequest("InvalidRequestParameterError", name + " must be a non-negative integer, was '"
                + text + "'.");
    }
}
