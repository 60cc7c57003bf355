package io.cutover.core.spark;

/** Prints what {@link HugeMethods} sees in a JVM started with the flags a test chooses. */
public final class HugeMethodsProbe {
    private HugeMethodsProbe() {
    }

    public static void main(String[] args) {
        System.out.println("compiles huge methods: " + HugeMethods.compiledHere());
    }
}
