package org.commonground.platform.reactive;

import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.function.Function;

/** Runs one step per item, each after the previous one: a reactive session runs one statement at a time. */
public final class Sequentially {

    private Sequentially() {
    }

    public static <T> Uni<Void> each(List<T> items, Function<T, Uni<?>> step) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (T item : items) {
            chain = chain.chain(() -> step.apply(item)).replaceWithVoid();
        }
        return chain;
    }
}
