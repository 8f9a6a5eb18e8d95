package io.ingestops.sync;

import java.util.Locale;

/** The stages of a sync, in order (DESIGN §3). */
public enum SyncStage {
    INITIALIZING,
    DETECTING_CHANGES,
    PROCESSING_FILES,
    UPDATING_INDEX,
    FINALIZING;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
