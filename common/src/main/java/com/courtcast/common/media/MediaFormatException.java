package com.courtcast.common.media;

/** Media bytes that do not follow their format (a truncated record, a reserved value, ...). */
public class MediaFormatException extends Exception {

    public MediaFormatException(String message) {
        super(message);
    }

    public MediaFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
