package io.ingestops.ingest.extract;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Plain text and Markdown: UTF-8, kept as written (Markdown syntax is searchable text too), decoded as a stream. */
final class PlainTextExtractor implements Extractor {

    /** Characters between two checkpoints. */
    private static final int CHECK_EVERY = 1 << 20;

    @Override
    public void extract(Path file, TextSink sink, ExtractionLimits limits) throws IOException {
        var decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (Reader in = new InputStreamReader(Files.newInputStream(file), decoder)) {
            char[] buffer = new char[8192];
            long sinceCheck = 0;
            int read;
            while ((read = in.read(buffer)) > 0) {
                sink.append(buffer, 0, read);
                sinceCheck += read;
                if (sinceCheck >= CHECK_EVERY) {
                    sink.checkpoint();
                    sinceCheck = 0;
                }
            }
        } catch (CharacterCodingException e) {
            throw new UnreadableFileException("not valid UTF-8 text");
        }
    }
}
