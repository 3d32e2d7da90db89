package io.ironcore.datastore;

/** Naming of index files inside a snapshot directory. */
final class FixedIndexFiles {
    static final String SUFFIX = ".fidx";

    private FixedIndexFiles() {
    }

    static String fileName(String image) {
        return Names.checkImageName(image) + SUFFIX;
    }
}
