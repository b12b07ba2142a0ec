package dev.photoreel.render;

/** Width and height of an image in pixels. */
public record ImageSize(int width, int height) {
}
