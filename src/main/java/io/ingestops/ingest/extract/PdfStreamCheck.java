package io.ingestops.ingest.extract;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSObject;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.filter.Filter;
import org.apache.pdfbox.filter.FilterFactory;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;

/**
 * Measures, as a stream and without keeping it, the decoded size of every PDF stream that text
 * extraction decodes: page contents, form XObjects, embedded fonts, ToUnicode maps, Type 3 glyph
 * procedures (recursively through their resources). PDFBox decodes each of those into memory, so a
 * stream that inflates past the budget — a decompression bomb — is refused here, before PDFBox
 * touches it. Image streams are not decoded by text extraction and are not measured.
 */
final class PdfStreamCheck {

    private static final COSName[] FONT_FILES = {COSName.FONT_FILE, COSName.FONT_FILE2, COSName.FONT_FILE3};

    private final long maxBytes;
    private final Runnable checkpoint;
    private final Set<COSBase> seen = Collections.newSetFromMap(new IdentityHashMap<>());

    PdfStreamCheck(long maxBytes, Runnable checkpoint) {
        this.maxBytes = maxBytes;
        this.checkpoint = checkpoint;
    }

    void check(PDDocument pdf) throws IOException {
        for (PDPage page : pdf.getPages()) {
            COSDictionary dictionary = page.getCOSObject();
            content(dictionary.getDictionaryObject(COSName.CONTENTS));
            resources(page.getResources() == null ? null : page.getResources().getCOSObject());
        }
    }

    private void content(COSBase contents) throws IOException {
        COSBase base = resolve(contents);
        if (base instanceof COSStream stream) {
            measure(stream);
        } else if (base instanceof COSArray array) {
            for (int i = 0; i < array.size(); i++) {
                content(array.get(i));
            }
        }
    }

    private void resources(COSDictionary resources) throws IOException {
        if (resources == null || !seen.add(resources)) {
            return;
        }
        if (resolve(resources.getDictionaryObject(COSName.XOBJECT)) instanceof COSDictionary xobjects) {
            for (COSName name : xobjects.keySet()) {
                if (resolve(xobjects.getDictionaryObject(name)) instanceof COSStream xobject
                        && COSName.FORM.equals(xobject.getCOSName(COSName.SUBTYPE))) {
                    measure(xobject);
                    resources(xobject.getCOSDictionary(COSName.RESOURCES));
                }
            }
        }
        if (resolve(resources.getDictionaryObject(COSName.FONT)) instanceof COSDictionary fonts) {
            for (COSName name : fonts.keySet()) {
                if (resolve(fonts.getDictionaryObject(name)) instanceof COSDictionary font) {
                    font(font);
                }
            }
        }
    }

    private void font(COSDictionary font) throws IOException {
        if (!seen.add(font)) {
            return;
        }
        if (resolve(font.getDictionaryObject(COSName.TO_UNICODE)) instanceof COSStream toUnicode) {
            measure(toUnicode);
        }
        if (resolve(font.getDictionaryObject(COSName.FONT_DESC)) instanceof COSDictionary descriptor) {
            for (COSName key : FONT_FILES) {
                if (resolve(descriptor.getDictionaryObject(key)) instanceof COSStream fontFile) {
                    measure(fontFile);
                }
            }
        }
        if (resolve(font.getDictionaryObject(COSName.DESCENDANT_FONTS)) instanceof COSArray descendants) {
            for (int i = 0; i < descendants.size(); i++) {
                if (resolve(descendants.get(i)) instanceof COSDictionary descendant) {
                    font(descendant);
                }
            }
        }
        if (resolve(font.getDictionaryObject(COSName.CHAR_PROCS)) instanceof COSDictionary procedures) {
            for (COSName name : procedures.keySet()) {
                if (resolve(procedures.getDictionaryObject(name)) instanceof COSStream procedure) {
                    measure(procedure);
                }
            }
            resources(font.getCOSDictionary(COSName.RESOURCES));
        }
    }

    /** Decodes the stream through its filters into nothing, counting bytes; throws past the budget. */
    private void measure(COSStream stream) throws IOException {
        if (!seen.add(stream)) {
            return;
        }
        checkpoint.run();
        List<Filter> filters = filters(stream);
        if (filters.isEmpty()) {
            if (stream.getLength() > maxBytes) {
                throw tooLarge();
            }
            return;
        }
        Path stage = null;
        try {
            InputStream input = stream.createRawInputStream();
            for (int i = 0; i < filters.size(); i++) {
                boolean last = i == filters.size() - 1;
                Path next = last ? null : Files.createTempFile("pdf-stage-", ".bin");
                try (InputStream in = input;
                        OutputStream out = new CountingOutputStream(
                                last ? OutputStream.nullOutputStream() : Files.newOutputStream(next), maxBytes)) {
                    filters.get(i).decode(in, out, stream, i);
                }
                if (stage != null) {
                    Files.deleteIfExists(stage);
                }
                stage = next;
                if (!last) {
                    input = Files.newInputStream(next);
                }
            }
        } finally {
            if (stage != null) {
                Files.deleteIfExists(stage);
            }
        }
    }

    private static List<Filter> filters(COSStream stream) throws IOException {
        List<Filter> filters = new ArrayList<>();
        COSBase names = stream.getFilters();
        if (names instanceof COSName name) {
            filters.add(FilterFactory.INSTANCE.getFilter(name));
        } else if (names instanceof COSArray array) {
            for (int i = 0; i < array.size(); i++) {
                if (array.getObject(i) instanceof COSName name) {
                    filters.add(FilterFactory.INSTANCE.getFilter(name));
                }
            }
        }
        return filters;
    }

    private static COSBase resolve(COSBase base) {
        return base instanceof COSObject object ? object.getObject() : base;
    }

    private TooLargeException tooLarge() {
        return new TooLargeException("a stream of the PDF decodes to more than " + maxBytes
                + " bytes (ingest.limits.pdf-stream-bytes); it may be a decompression bomb");
    }

    /** Counts what passes and throws once more than the budget has. */
    private final class CountingOutputStream extends OutputStream {
        private final OutputStream out;
        private final long max;
        private long count;

        CountingOutputStream(OutputStream out, long max) {
            this.out = out;
            this.max = max;
        }

        @Override
        public void write(int b) throws IOException {
            add(1);
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            add(len);
            out.write(b, off, len);
        }

        private void add(long n) {
            count += n;
            if (count > max) {
                throw tooLarge();
            }
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
