package dev.orbital.node.api;

/** What the local API answers: an HTTP status and a JSON body. */
public record ApiResponse(int status, String body) {}
