package io.kefu.ops;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the corpus directories and calls {@code onChange} once the files have been quiet for a
 * moment (editors write several events per save). Runs on its own daemon thread.
 */
public final class CorpusWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CorpusWatcher.class);
  private static final long QUIET_MS = 700;

  private final WatchService watcher;
  private final Thread thread;

  private CorpusWatcher(WatchService watcher, Runnable onChange) {
    this.watcher = watcher;
    this.thread = new Thread(() -> loop(onChange), "kefu-corpus-watch");
    this.thread.setDaemon(true);
  }

  public static CorpusWatcher start(List<Path> dirs, Runnable onChange) throws IOException {
    WatchService watcher = FileSystems.getDefault().newWatchService();
    for (Path dir : dirs) {
      if (Files.isDirectory(dir)) {
        dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
            StandardWatchEventKinds.ENTRY_DELETE);
      }
    }
    CorpusWatcher corpusWatcher = new CorpusWatcher(watcher, onChange);
    corpusWatcher.thread.start();
    return corpusWatcher;
  }

  private void loop(Runnable onChange) {
    try {
      while (true) {
        WatchKey key = watcher.take();
        key.pollEvents();
        key.reset();
        // wait until the burst of events of one save is over
        WatchKey more;
        while ((more = watcher.poll(QUIET_MS, TimeUnit.MILLISECONDS)) != null) {
          more.pollEvents();
          more.reset();
        }
        LOG.info("Corpus files changed: reloading");
        try {
          onChange.run();
        } catch (RuntimeException e) {
          LOG.warn("Corpus reload could not start: {}", e.toString());
        }
      }
    } catch (InterruptedException | ClosedWatchServiceException stop) {
      // closed
    }
  }

  @Override
  public void close() throws IOException {
    watcher.close();
  }
}
