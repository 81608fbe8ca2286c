package dev.orbital.controller.network;

/**
 * A network {@code tags} entry: {@code {"id": 1, "default": 5}}; a member without its own value for
 * the tag gets the default, if there is one ({@code defaultValue} null: none).
 */
public record TagDefinition(long id, Long defaultValue) {}
