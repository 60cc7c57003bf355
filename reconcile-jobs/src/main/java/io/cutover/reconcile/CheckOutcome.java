package io.cutover.reconcile;

import java.util.List;
import java.util.Map;

/** One reconciliation check: its verdict, what it found in a sentence, the numbers, and a few (masked) example keys. */
public record CheckOutcome(String check, Verdict verdict, String message, Map<String, Object> numbers, List<String> examples) {

    public CheckOutcome {
        numbers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(numbers));
        examples = List.copyOf(examples);
    }

    static CheckOutcome pass(String check, String message, Map<String, Object> numbers) {
        return new CheckOutcome(check, Verdict.PASS, message, numbers, List.of());
    }
}
