package dev.photoreel.nemo;

/**
 * Where the client gets its bearer token. The workflow backs this with its shared token store;
 * tests back it with a fixed value. The client calls {@link #renewAfterRejection} once when the
 * vendor rejects a token (1001/1010/1011/401), then retries the call once with the new token.
 */
public interface TokenSource {

    /** The token to send now. */
    String currentToken();

    /** The vendor rejected {@code rejectedToken}: return a fresh one (minting it if need be). */
    String renewAfterRejection(String rejectedToken);
}
