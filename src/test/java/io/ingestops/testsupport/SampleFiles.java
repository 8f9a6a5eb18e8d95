package io.ingestops.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/** Real files for upload tests, made on the spot. */
public final class SampleFiles {

    private SampleFiles() {}

    /** A PDF with one line of text per page: "Page N mentions WORD". */
    public static byte[] pdf(String... wordPerPage) {
        try (PDDocument document = new PDDocument();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            for (int i = 0; i < wordPerPage.length; i++) {
                PDPage page = new PDPage();
                document.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                    content.beginText();
                    content.setFont(font, 12);
                    content.newLineAtOffset(50, 700);
                    content.showText("Page " + (i + 1) + " mentions " + wordPerPage[i]);
                    content.endText();
                }
            }
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A PDF that opens only with a user password (PDFBox's standard security handler, AES-128). */
    public static byte[] passwordProtectedPdf(String word) {
        try (PDDocument document = org.apache.pdfbox.Loader.loadPDF(pdf(word));
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            var policy = new org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy(
                    "owner-secret", "user-secret", new org.apache.pdfbox.pdmodel.encryption.AccessPermission());
            policy.setEncryptionKeyLength(128);
            document.protect(policy);
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A PDF whose trailer names an encryption dictionary with the given security handler: {@code
     * Adobe.PubSec} (certificate encryption, which PDFBox opens only with Bouncy Castle) or a
     * handler no reader knows. Written by hand: PDFBox cannot write either without the keys.
     */
    public static byte[] pdfEncryptedWith(String securityHandler) {
        String body = "%PDF-1.4\n"
                + "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
                + "2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
                + "3 0 obj << /Filter /" + securityHandler
                + " /SubFilter /adbe.pkcs7.s4 /V 4 /Length 128 /Recipients [<3082>] >> endobj\n";
        String pdf = body + "xref\n0 4\n0000000000 65535 f \n"
                + "trailer << /Size 4 /Root 1 0 R /Encrypt 3 0 R /ID [<01020304><01020304>] >>\n"
                + "startxref\n" + body.length() + "\n%%EOF\n";
        return pdf.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /**
     * A decompression bomb: one page whose Flate-compressed content stream shows {@code glyphs}
     * characters of text; a few hundred KB on disk for tens of MB decoded.
     */
    public static byte[] pdfBomb(int glyphs) {
        try (PDDocument document = new PDDocument();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage();
            document.addPage(page);
            org.apache.pdfbox.pdmodel.PDResources resources = new org.apache.pdfbox.pdmodel.PDResources();
            org.apache.pdfbox.cos.COSName font = resources.add(new PDType1Font(Standard14Fonts.FontName.HELVETICA));
            page.setResources(resources);
            StringBuilder content = new StringBuilder("BT /" + font.getName() + " 1 Tf 0 0 Td\n");
            String line = "(" + "A".repeat(1000) + ") Tj\n";
            for (int shown = 0; shown < glyphs; shown += 1000) {
                content.append(line);
            }
            content.append("ET\n");
            org.apache.pdfbox.pdmodel.common.PDStream stream = new org.apache.pdfbox.pdmodel.common.PDStream(
                    document,
                    new java.io.ByteArrayInputStream(
                            content.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
                    org.apache.pdfbox.cos.COSName.FLATE_DECODE);
            page.setContents(stream);
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An HTML page whose scripts, styles and hidden parts hold words that must not be indexed. */
    public static String html(String visibleWord) {
        return """
                <!doctype html>
                <html><head><title>headtitleword</title>
                <style>.stylesheetword { color: red; }</style>
                <script>var scriptword = "scriptword";</script></head>
                <body>
                  <h1>Welcome</h1>
                  <p>This page is about %s and nothing else.</p>
                  <noscript>noscriptword</noscript>
                  <div hidden>hiddenword</div>
                  <script type="text/javascript">console.log("inlinescriptword")</script>
                  <ul><li>first item</li><li>second item</li></ul>
                </body></html>
                """
                .formatted(visibleWord);
    }
}
