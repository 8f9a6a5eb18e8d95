package io.ingestops.ingest.extract;

/**
 * The budgets one file's extraction runs under ({@code ingest.limits.*}); a file over any of them
 * is a per-item failure {@code too_large}, never the replica's problem.
 */
public record ExtractionLimits(long extractedChars, int pdfPages, long pdfStreamBytes, long htmlBytes) {

    /**
     * PDFBox keeps every glyph of a page as an object (a few hundred bytes) until the page is done,
     * so a page's text is bounded on its own: a dense real page has a few thousand characters.
     */
    public static final int PAGE_CHARS = 250_000;
}
