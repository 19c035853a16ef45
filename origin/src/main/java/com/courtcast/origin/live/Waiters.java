package com.courtcast.origin.live;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Requests held until the rendition has what they ask for: blocking playlist reloads (until the
 * playlist contains a segment or part) and requests for a preload-hinted part (until the part is
 * complete). Holding one costs an entry here, never a thread.
 *
 * <p>Not thread-safe: the owning rendition calls it under its lock and runs the returned
 * completions after releasing it.
 */
final class Waiters {

    /** A held blocking playlist request. */
    record PlaylistWait(long msn, int part, Instant deadline, Consumer<PlaylistSnapshot> answer, Runnable timeout) {}

    /** A held request for a part that is hinted but not complete. */
    record PartWait(String name, Instant deadline, Consumer<MediaObject> answer, Runnable gone) {}

    private final int capacity;
    private final List<PlaylistWait> playlists = new ArrayList<>();
    private final Map<String, List<PartWait>> parts = new HashMap<>();
    private int partCount;

    Waiters(int capacity) {
        this.capacity = capacity;
    }

    boolean full() {
        return playlists.size() + partCount >= capacity;
    }

    void add(PlaylistWait wait) {
        playlists.add(wait);
    }

    void add(PartWait wait) {
        parts.computeIfAbsent(wait.name(), name -> new ArrayList<>()).add(wait);
        partCount++;
    }

    int size() {
        return playlists.size() + partCount;
    }

    /** Removes the playlist requests this snapshot satisfies and returns their answers. */
    List<Runnable> satisfiedBy(PlaylistSnapshot snapshot) {
        List<Runnable> done = new ArrayList<>();
        for (Iterator<PlaylistWait> it = playlists.iterator(); it.hasNext(); ) {
            PlaylistWait wait = it.next();
            if (snapshot.satisfies(wait.msn(), wait.part())) {
                it.remove();
                done.add(() -> wait.answer().accept(snapshot));
            }
        }
        return done;
    }

    /** Removes the requests for a part that just completed and returns their answers. */
    List<Runnable> partArrived(String name, MediaObject part) {
        List<PartWait> waiting = parts.remove(name);
        if (waiting == null) {
            return List.of();
        }
        partCount -= waiting.size();
        List<Runnable> done = new ArrayList<>(waiting.size());
        for (PartWait wait : waiting) {
            done.add(() -> wait.answer().accept(part));
        }
        return done;
    }

    /** Removes every part request (the hinted parts will not come: the publisher left). */
    List<Runnable> partsGone() {
        List<Runnable> done = new ArrayList<>();
        for (List<PartWait> waiting : parts.values()) {
            for (PartWait wait : waiting) {
                done.add(wait.gone());
            }
        }
        parts.clear();
        partCount = 0;
        return done;
    }

    /** Removes requests whose deadline passed and returns their timeout answers. */
    List<Runnable> expired(Instant now) {
        List<Runnable> done = new ArrayList<>();
        for (Iterator<PlaylistWait> it = playlists.iterator(); it.hasNext(); ) {
            PlaylistWait wait = it.next();
            if (!now.isBefore(wait.deadline())) {
                it.remove();
                done.add(wait.timeout());
            }
        }
        for (Iterator<List<PartWait>> lists = parts.values().iterator(); lists.hasNext(); ) {
            List<PartWait> waiting = lists.next();
            for (Iterator<PartWait> it = waiting.iterator(); it.hasNext(); ) {
                PartWait wait = it.next();
                if (!now.isBefore(wait.deadline())) {
                    it.remove();
                    partCount--;
                    done.add(wait.gone());
                }
            }
            if (waiting.isEmpty()) {
                lists.remove();
            }
        }
        return done;
    }
}
