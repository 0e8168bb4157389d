package org.commonground.platform.reactive;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.function.Function;

/** Runs one step per item, each after the previous one: a reactive session runs one statement at a time. */
public final class Sequentially {

    private Sequentially() {
    }

    public static <T> Uni<Void> each(List<T> items, Function<T, Uni<?>> step) {
        // a concatenating stream rather than a chain of N operators: thousands of steps do not nest thousands deep
        return Multi.createFrom().iterable(items)
                .onItem().transformToUniAndConcatenate(item -> step.apply(item).replaceWith(Boolean.TRUE))
                .collect().last().replaceWithVoid();
    }
}
