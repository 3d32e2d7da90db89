package io.ironcore.datastore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Child process for {@link CrashTest}: starts a backup into the datastore given as args[0], prints READY after some
 * chunks were written, then hangs until the parent kills it with SIGKILL.
 */
public final class CrashChild {
    private CrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        byte[] data = TestSupport.random(77, 8 * TestSupport.CHUNK);
        try (Datastore ds = Datastore.open(root, DatastoreOptions.builder().fsyncPolicy(FsyncPolicy.NONE)
                .workerThreads(1).build())) {
            TestSupport.ArraySource src = new TestSupport.ArraySource("d", data, null) {
                @Override
                public int read(long position, ByteBuffer dst) throws IOException {
                    if (position == 4L * TestSupport.CHUNK) {
                        System.out.println("READY");
                        System.out.flush();
                        try {
                            Thread.sleep(Long.MAX_VALUE);
                        } catch (InterruptedException e) {
                            throw new IOException(e);
                        }
                    }
                    return super.read(position, dst);
                }
            };
            ds.backup(BackupRequest.builder(BackupGroup.vm("crash")).image(src).runId("run-1").build());
        }
    }
}
