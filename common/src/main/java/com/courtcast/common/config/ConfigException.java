package com.courtcast.common.config;

/** A configuration value that is missing or wrong; the message names the key and the bad value. */
public final class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }
}
