package dev.photoreel.local;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The one Jackson mapper of the local module (the emulator, the local stack, the commands and their tests). */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }
}
