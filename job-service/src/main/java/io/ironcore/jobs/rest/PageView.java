package io.ironcore.jobs.rest;

import java.util.List;

/** A page of a list, and the cursor of the next page (absent on the last one). */
public record PageView<T>(List<T> items, String nextCursor) {
}
