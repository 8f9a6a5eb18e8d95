package io.ingestops.ingest.extract;

import com.oracle.svm.core.annotate.Alias;
import com.oracle.svm.core.annotate.Substitute;
import com.oracle.svm.core.annotate.TargetClass;
import java.util.HashMap;
import java.util.Map;
import org.apache.pdfbox.pdmodel.encryption.ProtectionPolicy;
import org.apache.pdfbox.pdmodel.encryption.SecurityHandler;
import org.apache.pdfbox.pdmodel.encryption.SecurityHandlerFactory;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.encryption.StandardSecurityHandler;

/**
 * What the native image compiles differently in PDFBox (read only by the native builder; inert on
 * the JVM).
 *
 * <p>PDFBox registers its certificate (Adobe.PubSec) security handler next to the password one;
 * that handler is written against Bouncy Castle, which the service does not ship, so a build that
 * links every class at build time (Quarkus' default) refuses it. The factory here registers the
 * password handler only: a certificate-encrypted PDF then fails with PDFBox's "No security handler
 * for filter" error, which {@link PdfExtractor} reports as an encrypted PDF, exactly as it reports
 * the JVM's missing Bouncy Castle classes.
 */
final class PdfBoxNativeSubstitutions {

    private PdfBoxNativeSubstitutions() {}

    @TargetClass(SecurityHandlerFactory.class)
    @SuppressWarnings({"rawtypes", "unused"})
    static final class Target_SecurityHandlerFactory {

        @Alias
        private Map<String, Class<? extends SecurityHandler>> nameToHandler;

        @Alias
        private Map<Class<? extends ProtectionPolicy>, Class<? extends SecurityHandler>> policyToHandler;

        @Substitute
        private Target_SecurityHandlerFactory() {
            nameToHandler = new HashMap<>();
            policyToHandler = new HashMap<>();
            nameToHandler.put(StandardSecurityHandler.FILTER, StandardSecurityHandler.class);
            policyToHandler.put(StandardProtectionPolicy.class, StandardSecurityHandler.class);
        }
    }
}
