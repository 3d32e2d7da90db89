package io.ironcore.datastore;


import java.util.Locale;
/** {@code INCREMENTAL}: compare with the previous snapshot, upload only changes. {@code FULL}: re-read and re-verify all. */
public enum BackupMode {
    INCREMENTAL, FULL;

    String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    static BackupMode fromJson(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}
