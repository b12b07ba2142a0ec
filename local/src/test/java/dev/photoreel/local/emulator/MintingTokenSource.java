package dev.photoreel.local.emulator;

import dev.photoreel.nemo.NemoClientConfig;
import dev.photoreel.nemo.NemoHttpClient;
import dev.photoreel.nemo.TokenSource;

/** A token source that mints through the real client (as the workflow's token store will), counting renewals. */
final class MintingTokenSource implements TokenSource {

    private final NemoHttpClient minter;
    private String token;
    private int renewals;

    MintingTokenSource(NemoClientConfig config) {
        this.minter = new NemoHttpClient(config, null);
    }

    @Override
    public synchronized String currentToken() {
        if (token == null) {
            token = minter.mintAnonymousToken().token();
        }
        return token;
    }

    @Override
    public synchronized String renewAfterRejection(String rejectedToken) {
        renewals++;
        token = minter.mintAnonymousToken().token();
        return token;
    }

    synchronized int renewals() {
        return renewals;
    }
}
