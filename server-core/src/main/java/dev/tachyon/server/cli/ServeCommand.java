package dev.tachyon.server.cli;

public final class ServeCommand { private ServeCommand(){} public static int run(dev.tachyon.server.config.TachyonConfig config, String fixture) { throw new UnsupportedOperationException("wired by the lead"); } }
