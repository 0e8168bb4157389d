package org.commonground.platform.paging;

import java.util.List;

/**
 * One page of a list. {@code nextCursor} is opaque; pass it back as {@code ?cursor=} for the next page;
 * it is absent on the last page.
 */
public record Page<T>(List<T> items, String nextCursor) {
}
