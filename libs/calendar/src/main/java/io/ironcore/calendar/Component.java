package io.ironcore.calendar;

/**
 * One element of a field's list, as systemd's {@code CalendarComponent}: {@code start},
 * optionally up to {@code stop} (-1 = open), every {@code repeat} (0 = no repetition). Seconds are
 * stored in microseconds. {@code pos}/{@code end} locate the element in the expression for
 * error messages only; they take no part in comparisons.
 */
final class Component implements Comparable<Component> {

    final int start;
    final int stop;
    final int repeat;
    final int pos;
    final int end;

    Component(int start, int stop, int repeat, int pos, int end) {
        this.start = start;
        this.stop = stop;
        this.repeat = repeat;
        this.pos = pos;
        this.end = end;
    }

    Component with(int newStart, int newStop, int newRepeat) {
        return new Component(newStart, newStop, newRepeat, pos, end);
    }

    @Override
    public int compareTo(Component o) {
        int r = Integer.compare(start, o.start);
        if (r != 0) {
            return r;
        }
        r = Integer.compare(stop, o.stop);
        if (r != 0) {
            return r;
        }
        return Integer.compare(repeat, o.repeat);
    }

    boolean sameValue(Component o) {
        return start == o.start && stop == o.stop && repeat == o.repeat;
    }
}
