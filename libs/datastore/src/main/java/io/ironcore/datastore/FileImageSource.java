package io.ironcore.datastore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Optional;

/** An image in a regular file (or a block device with an explicit size), optionally with a caller-supplied bitmap. */
public final class FileImageSource implements ImageSource {
    private final String name;
    private final FileChannel channel;
    private final long size;
    private final DirtyBitmap bitmap;

    private FileImageSource(String name, Path file, Long size, DirtyBitmap bitmap) throws IOException {
        this.name = Names.checkImageName(name);
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        this.size = size != null ? size : channel.size();
        this.bitmap = bitmap;
    }

    /** A plain file source (no bitmap: an incremental backup reads everything and compares digests). */
    public static FileImageSource open(String name, Path file) throws IOException {
        return new FileImageSource(name, file, null, null);
    }

    /** A file source whose caller knows which blocks changed since {@code bitmap.basedOn()}. */
    public static FileImageSource open(String name, Path file, DirtyBitmap bitmap) throws IOException {
        return new FileImageSource(name, file, null, Objects.requireNonNull(bitmap, "bitmap"));
    }

    /** A source with an explicit size (block devices report size 0 to {@code FileChannel.size()}). */
    public static FileImageSource open(String name, Path file, long size, DirtyBitmap bitmapOrNull) throws IOException {
        if (size < 0) {
            throw new IllegalArgumentException("negative size");
        }
        return new FileImageSource(name, file, size, bitmapOrNull);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public int read(long position, ByteBuffer dst) throws IOException {
        return channel.read(dst, position);
    }

    @Override
    public Optional<DirtyBitmap> dirtyBitmap() {
        return Optional.ofNullable(bitmap);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
