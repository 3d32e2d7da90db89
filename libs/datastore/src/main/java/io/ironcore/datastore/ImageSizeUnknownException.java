package io.ironcore.datastore;

import java.io.IOException;

/** An image whose size cannot be told (a block device neither sysfs nor a probe can size). */
public class ImageSizeUnknownException extends IOException {
    private static final long serialVersionUID = 1L;

    public ImageSizeUnknownException(String message, Throwable cause) {
        super(message, cause);
    }
}
