package dev.photoreel.local.emulator;

/** How an unknown or expired token is reported (the contract has several versions). */
public enum AuthErrorStyle {
    CODE_1001, CODE_1010, CODE_1011, HTTP_401
}
