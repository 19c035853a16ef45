package com.courtcast.ingest.rtmp.amf;

import static com.courtcast.ingest.rtmp.amf.Amf0Marker.*;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of one decode call: reads AMF0 values (AMF0 specification section 2) by recursive
 * descent over a bounds-checked {@link AmfInput}.
 *
 * <p>Every limit is checked before the work it guards: depth before descending into a container,
 * the element budget before a value is built, a strict array's count against both the budget and
 * the bytes left before anything is sized from it. An ECMA array's count is only a hint (AMF0
 * 2.10) and is never used.
 *
 * <p>References are where hostile input gets leverage. A value that refers to a container still
 * being read would make a cyclic map that overflows the stack of whoever prints it, so it is
 * rejected. And since a reference repeats a whole subtree for two bytes, a chain of them can
 * describe an exponentially large tree; each reference is therefore charged the element count
 * and height of the subtree it repeats, which keeps the decoded value within the limits as if it
 * had been written out in full.
 */
final class Amf0Reader {

    private final AmfInput in;
    private final AmfLimits limits;
    private final Amf3Reader amf3;
    private final List<Container> references = new ArrayList<>();
    private int elements;
    private int depth;
    /** The deepest nesting reached inside the innermost open container (or overall at the top). */
    private int deepest;

    Amf0Reader(AmfInput in, AmfLimits limits) {
        this.in = in;
        this.limits = limits;
        this.amf3 = new Amf3Reader(in);
    }

    Object readValue() throws AmfException {
        int at = in.offset();
        int marker = in.readUnsignedByte("value marker");
        charge(1, at);
        return switch (marker) {
            case NUMBER -> in.readDouble("number");
            case BOOLEAN -> in.readUnsignedByte("boolean") != 0;
            case STRING -> in.readUtf8(in.readUnsignedShort("string length"), "string");
            case LONG_STRING -> in.readUtf8(in.readUnsignedInt("long string length"), "long string");
            case XML_DOCUMENT -> in.readUtf8(in.readUnsignedInt("XML document length"), "XML document");
            case NULL -> null;
            case UNDEFINED, UNSUPPORTED -> Amf0.UNDEFINED;
            case DATE -> readDate(at);
            case OBJECT -> readObject(at);
            case TYPED_OBJECT -> readTypedObject(at);
            case ECMA_ARRAY -> readEcmaArray(at);
            case STRICT_ARRAY -> readStrictArray(at);
            case REFERENCE -> readReference(at);
            case AVMPLUS -> amf3.readValue();
            case OBJECT_END -> throw new AmfException("object-end marker outside an object", at);
            case MOVIECLIP -> throw new AmfException("unsupported AMF0 marker 0x04 (movieclip)", at);
            case RECORDSET -> throw new AmfException("unsupported AMF0 marker 0x0e (recordset)", at);
            default -> throw new AmfException("unknown AMF0 marker 0x%02x".formatted(marker), at);
        };
    }

    private Instant readDate(int at) throws AmfException {
        double millis = in.readDouble("date");
        in.readShort("date time zone"); // AMF0 2.13: reserved, sent as 0 and ignored
        if (!Double.isFinite(millis)) {
            throw new AmfException("date is not a finite number of milliseconds: " + millis, at);
        }
        // The double-to-long cast saturates, and Instant covers every long of milliseconds.
        return Instant.ofEpochMilli((long) millis);
    }

    private Map<String, Object> readObject(int at) throws AmfException {
        Map<String, Object> map = new LinkedHashMap<>();
        Container container = open(map, at);
        readProperties(map);
        close(container);
        return map;
    }

    private Map<String, Object> readTypedObject(int at) throws AmfException {
        in.readUtf8(in.readUnsignedShort("class name length"), "class name");
        return readObject(at);
    }

    private Map<String, Object> readEcmaArray(int at) throws AmfException {
        in.readUnsignedInt("ECMA array count");
        return readObject(at);
    }

    /** Key/value pairs up to the empty key followed by the object-end marker (AMF0 2.5). */
    private void readProperties(Map<String, Object> map) throws AmfException {
        while (true) {
            int keyLength = in.readUnsignedShort("object key length");
            if (keyLength == 0 && in.peekUnsignedByte("object value marker") == OBJECT_END) {
                in.readUnsignedByte("object end marker");
                return;
            }
            String key = in.readUtf8(keyLength, "object key");
            map.put(key, readValue());
        }
    }

    private List<Object> readStrictArray(int at) throws AmfException {
        long count = in.readUnsignedInt("strict array count");
        // Every value takes at least its marker byte, and the budget binds before anything is sized.
        if (count > in.readableBytes()) {
            throw new AmfException("strict array of " + count + " values but only "
                    + in.readableBytes() + " bytes left", at);
        }
        if (count > limits.maxElements() - elements) {
            throw tooManyElements(at);
        }
        List<Object> list = new ArrayList<>((int) count);
        Container container = open(list, at);
        for (long i = 0; i < count; i++) {
            list.add(readValue());
        }
        close(container);
        return list;
    }

    private Object readReference(int at) throws AmfException {
        int index = in.readUnsignedShort("reference index");
        if (index >= references.size()) {
            throw new AmfException("reference #" + index + " but only " + references.size()
                    + " objects and arrays came before it", at);
        }
        Container target = references.get(index);
        if (!target.complete) {
            throw new AmfException("reference #" + index + " points into itself (a cycle)", at);
        }
        charge(target.size, at);
        int expandedDepth = depth + target.height;
        if (expandedDepth > limits.maxDepth()) {
            throw tooDeep(at);
        }
        deepest = Math.max(deepest, expandedDepth);
        return target.value;
    }

    private Container open(Object value, int at) throws AmfException {
        if (depth >= limits.maxDepth()) {
            throw tooDeep(at);
        }
        // The container's own marker was charged just before; its size includes it.
        Container container = new Container(value, elements - 1, deepest);
        references.add(container);
        depth++;
        deepest = depth;
        return container;
    }

    private void close(Container container) {
        container.size = elements - container.elementsBefore;
        container.height = deepest - depth + 1;
        container.complete = true;
        depth--;
        deepest = Math.max(container.outerDeepest, deepest);
    }

    private void charge(int count, int at) throws AmfException {
        if (count > limits.maxElements() - elements) {
            throw tooManyElements(at);
        }
        elements += count;
    }

    private AmfException tooDeep(int at) {
        return new AmfException("nesting deeper than " + limits.maxDepth() + " levels", at);
    }

    private AmfException tooManyElements(int at) {
        return new AmfException("more than " + limits.maxElements() + " values in one message", at);
    }

    /** An object or array in the reference table, with what repeating it would cost. */
    private static final class Container {
        final Object value;
        final int elementsBefore;
        final int outerDeepest;
        boolean complete;
        int size;
        int height;

        Container(Object value, int elementsBefore, int outerDeepest) {
            this.value = value;
            this.elementsBefore = elementsBefore;
            this.outerDeepest = outerDeepest;
        }
    }
}
