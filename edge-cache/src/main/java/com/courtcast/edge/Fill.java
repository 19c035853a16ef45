package com.courtcast.edge;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One origin response on its way into the cache, and afterwards the cached response itself.
 *
 * <p>Design: the upstream connection appends body bytes as they arrive; any number of viewers
 * (the {@link Listener}s) read the bytes appended so far and are told when more come, so every
 * waiter streams the object while it is still being fetched (unlike a cache lock that waits for the
 * whole object). When the origin announced a length, the body is one buffer of exactly that size
 * and readers get slices of its filled part; a chunked body is collected piecewise and joined once
 * complete. Only a body whose length or chunked termination checked out becomes {@link State#COMPLETE};
 * anything else ends {@link State#FAILED} and is never cached.
 *
 * <p>Ownership: a fill is reference counted. Its creator (the upstream exchange, later the cache)
 * holds one reference, every reader another; bytes are freed when the last is released. Readers take
 * {@code retainedSlice}s, so the bytes they have queued on a socket outlive any eviction.
 */
final class Fill {

    enum State { WAITING, STREAMING, COMPLETE, FAILED }

    /** Told (on the upstream's thread) that the fill has news: headers, bytes, completion or failure. */
    interface Listener {
        void changed(Fill fill);
    }

    /** What a reader has not seen yet: the new bytes (retained, the reader's to release) and the state. */
    record Progress(State state, long readTo) {
    }

    private final RequestKey key;
    private final long startedNanos;
    private final AtomicInteger refs = new AtomicInteger(1);
    private final java.util.concurrent.atomic.AtomicBoolean creatorRefTaken = new java.util.concurrent.atomic.AtomicBoolean();

    private State state = State.WAITING;
    private volatile HttpResponseStatus status;
    private volatile HttpHeaders headers;
    private String failure;
    private long expectedLength = -1;
    private ByteBuf sized;
    private List<ByteBuf> pieces;
    private long length;
    private List<Listener> listeners = new ArrayList<>(2);
    /** Headers or bytes arrived that the readers were not told of yet ({@link #announce}). */
    private boolean news;
    private boolean released;

    // Written once on completion, before the fill is published in the cache.
    private volatile ByteBuf body;
    private volatile long storedAtNanos;
    private volatile long freshUntilNanos;
    private volatile long revalidateUntilNanos;
    private volatile long staleUntilNanos;
    private volatile long ageAtStoreSeconds;
    private volatile boolean cacheable;
    private volatile HitHeaders hitHeaders;

    Fill(RequestKey key, long startedNanos) {
        this.key = key;
        this.startedNanos = startedNanos;
    }

    RequestKey key() {
        return key;
    }

    long startedNanos() {
        return startedNanos;
    }

    // ---- the upstream side ----

    /**
     * The origin's status and headers (hop-by-hop ones already removed).
     *
     * @param expectedLength the announced Content-Length, -1 for a chunked or close-delimited body
     */
    void onHeaders(HttpResponseStatus status, HttpHeaders headers, long expectedLength, ByteBufAllocator allocator) {
        synchronized (this) {
            if (state != State.WAITING) {
                return;
            }
            this.status = status;
            this.headers = headers;
            this.expectedLength = expectedLength;
            if (expectedLength >= 0) {
                int size = (int) expectedLength;
                sized = size == 0 ? allocator.directBuffer(0, 0) : allocator.directBuffer(size, size);
            } else {
                pieces = new ArrayList<>();
            }
            state = State.STREAMING;
            news = true;
        }
    }

    /**
     * Appends body bytes (copied; the caller keeps ownership of {@code content}). False when they
     * overflow the announced length or {@code maxBytes}.
     */
    boolean onContent(ByteBuf content, ByteBufAllocator allocator, long maxBytes) {
        int n = content.readableBytes();
        if (n == 0) {
            return true;
        }
        synchronized (this) {
            if (state != State.STREAMING) {
                return true;
            }
            if (length + n > maxBytes) {
                return false;
            }
            if (sized != null) {
                if (length + n > expectedLength) {
                    return false;
                }
                sized.writeBytes(content, content.readerIndex(), n);
            } else {
                pieces.add(allocator.directBuffer(n, n).writeBytes(content, content.readerIndex(), n));
            }
            length += n;
            news = true;
        }
        return true;
    }

    /**
     * Tells the readers about the headers and bytes that arrived since the last time: called once
     * per read from the origin's socket, not per decoded piece, so a part that arrives in one read
     * wakes each reader once (for the whole response) instead of once per 8 KB the decoder cuts.
     */
    void announce() {
        List<Listener> notify;
        synchronized (this) {
            if (!news || state != State.STREAMING) {
                return;
            }
            news = false;
            notify = listeners;
        }
        fire(notify);
    }

    /**
     * The body ended: checks its length against the announced one and joins it into one buffer.
     * Returns the whole body (still owned by the fill), or null when the length does not check out.
     */
    ByteBuf seal(ByteBufAllocator allocator) {
        synchronized (this) {
            if (state != State.STREAMING || (expectedLength >= 0 && length != expectedLength)) {
                return null;
            }
            if (sized == null) {
                ByteBuf whole = allocator.directBuffer((int) length, (int) length);
                for (ByteBuf piece : pieces) {
                    whole.writeBytes(piece, piece.readerIndex(), piece.readableBytes());
                }
                // Readers mid-stream read by position, so the joined buffer serves them from where they are.
                pieces.forEach(ByteBuf::release);
                pieces = null;
                sized = whole;
            }
            return sized;
        }
    }

    /**
     * Publishes a sealed fill as complete; with a {@code freshness} it may then be cached.
     *
     * @param originAgeSeconds the origin's {@code Age} header, 0 when absent
     */
    void publish(Freshness freshness, long nowNanos, long originAgeSeconds) {
        List<Listener> notify;
        synchronized (this) {
            if (state != State.STREAMING || sized == null) {
                return;
            }
            // Readers already streaming hold the first headers object; later ones get a copy with the length.
            HttpHeaders complete = headers.copy();
            complete.remove("Transfer-Encoding");
            complete.set("Content-Length", length);
            headers = complete;
            hitHeaders = new HitHeaders(complete);
            storedAtNanos = nowNanos;
            ageAtStoreSeconds = originAgeSeconds;
            if (freshness != null) {
                freshUntilNanos = nowNanos + freshness.freshNanos();
                revalidateUntilNanos = freshUntilNanos + freshness.revalidateNanos();
                staleUntilNanos = nowNanos + freshness.lifetimeNanos();
                cacheable = true;
            }
            body = sized;
            state = State.COMPLETE;
            notify = listeners;
            listeners = null;
        }
        fire(notify);
    }

    /** The origin failed, timed out or cut the body short: nothing of this is kept. */
    void fail(String why) {
        List<Listener> notify;
        synchronized (this) {
            if (state == State.COMPLETE || state == State.FAILED) {
                return;
            }
            failure = why;
            state = State.FAILED;
            notify = listeners;
            listeners = null;
        }
        fire(notify);
    }

    private void fire(List<Listener> notify) {
        if (notify == null) {
            return;
        }
        // A copy: listeners may subscribe more readers while being told.
        Listener[] copy;
        synchronized (this) {
            copy = notify.toArray(new Listener[0]);
        }
        for (Listener listener : copy) {
            listener.changed(this);
        }
    }

    // ---- the reader side ----

    /** Registers for news; a terminal fill tells at once. */
    void listen(Listener listener) {
        boolean now;
        synchronized (this) {
            now = listeners == null;
            if (!now) {
                listeners.add(listener);
            }
        }
        if (now) {
            listener.changed(this);
        }
    }

    synchronized State state() {
        return state;
    }

    HttpResponseStatus status() {
        return status;
    }

    /** The response headers as the origin sent them (hop-by-hop removed); the caller must not change them. */
    HttpHeaders headers() {
        return headers;
    }

    synchronized String failure() {
        return failure;
    }

    /** Whether the body's length was announced (else a reader mid-stream must use chunked encoding). */
    synchronized boolean lengthKnown() {
        return expectedLength >= 0 || state == State.COMPLETE;
    }

    /**
     * Adds to {@code out} the bytes from {@code from} up to what has arrived, as retained slices the
     * caller must release (by writing them), and returns the state and the new read position.
     */
    synchronized Progress read(long from, List<ByteBuf> out) {
        if (released) {
            return new Progress(State.FAILED, from);
        }
        if (sized != null) {
            if (length > from) {
                out.add(sized.retainedSlice((int) from, (int) (length - from)));
            }
        } else if (pieces != null) {
            long offset = 0;
            for (ByteBuf piece : pieces) {
                int n = piece.readableBytes();
                if (offset + n > from) {
                    int skip = (int) Math.max(0, from - offset);
                    out.add(piece.retainedSlice(piece.readerIndex() + skip, n - skip));
                }
                offset += n;
            }
        }
        return new Progress(state, length);
    }

    // ---- the cached side (no locks: set once before publication) ----

    /** The whole body of a complete fill; the fill keeps ownership. */
    ByteBuf body() {
        return body;
    }

    /** The shared headers of hits on a complete fill (see {@link HitHeaders} for when they may be used). */
    HitHeaders hitHeaders() {
        return hitHeaders;
    }

    boolean cacheable() {
        return cacheable;
    }

    boolean freshAt(long nowNanos) {
        return nowNanos - freshUntilNanos < 0;
    }

    /** Past freshness, whether it may still be served while a background request refreshes it. */
    boolean revalidatableAt(long nowNanos) {
        return nowNanos - revalidateUntilNanos < 0;
    }

    long lifetimeLeftNanos(long nowNanos) {
        return Math.max(0, staleUntilNanos - nowNanos);
    }

    /** The {@code Age} to send (RFC 9111 4.2.3): the origin's age plus the time held here, in whole seconds. */
    long ageSeconds(long nowNanos) {
        return ageAtStoreSeconds + Math.max(0, (nowNanos - storedAtNanos) / 1_000_000_000L);
    }

    /** Bytes this fill holds, plus a rough fixed cost for the object and its headers. */
    int weight() {
        ByteBuf b = body;
        return (b == null ? 0 : b.capacity()) + 512;
    }

    // ---- reference counting ----

    /** Takes a reference unless the fill is already freed. */
    boolean tryRetain() {
        for (;;) {
            int current = refs.get();
            if (current == 0) {
                return false;
            }
            if (refs.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    /**
     * Hands over the creator's reference (the one the fill was born with) exactly once: whoever
     * gets true (the cache on completion, or a failure or shutdown path) must keep or release it.
     */
    boolean takeCreatorRef() {
        return creatorRefTaken.compareAndSet(false, true);
    }

    void release() {
        int left = refs.decrementAndGet();
        if (left == 0) {
            deallocate();
        } else if (left < 0) {
            throw new IllegalStateException("fill of " + key.key() + " released more often than retained");
        }
    }

    private synchronized void deallocate() {
        released = true;
        if (sized != null) {
            sized.release();
            sized = null;
        }
        if (pieces != null) {
            pieces.forEach(ByteBuf::release);
            pieces = null;
        }
        if (state == State.WAITING || state == State.STREAMING) {
            state = State.FAILED;
            failure = "abandoned";
        }
    }
}
