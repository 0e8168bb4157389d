package org.commonground.initiative.calendar;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.property.Categories;
import net.fortuna.ical4j.model.property.Description;
import net.fortuna.ical4j.model.property.DtStamp;
import net.fortuna.ical4j.model.property.Location;
import net.fortuna.ical4j.model.property.ProdId;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.model.property.immutable.ImmutableCalScale;
import net.fortuna.ical4j.model.property.immutable.ImmutableVersion;

/** The calendar as RFC 5545 iCalendar, written by ical4j: every entry a VEVENT with a stable UID. */
final class ICalendarFeed {

    private ICalendarFeed() {
    }

    static String of(List<CalendarResource.EntryView> entries, Instant now) {
        Calendar calendar = new Calendar();
        calendar.add(new ProdId("-//Commonground//Community calendar//EN"));
        calendar.add(ImmutableVersion.VERSION_2_0);
        calendar.add(ImmutableCalScale.GREGORIAN);
        for (CalendarResource.EntryView entry : entries) {
            VEvent event;
            if (entry.allDay()) {
                LocalDate day = LocalDate.ofInstant(entry.startsAt(), ZoneOffset.UTC);
                event = new VEvent(day, day.plusDays(1), entry.title());
            } else {
                event = new VEvent(entry.startsAt(), entry.endsAt(), entry.title());
            }
            event.add(new Uid(entry.id() + "@commonground"));
            event.replace(new DtStamp(now)); // one DTSTAMP per event (RFC 5545): the feed's time, not the object's
            event.add(new Categories(entry.kind()));
            StringBuilder description = new StringBuilder(entry.description() == null ? "" : entry.description());
            description.append(description.isEmpty() ? "" : "\n").append("Responsible: ").append(entry.responsible());
            event.add(new Description(description.toString()));
            if (entry.location() != null) {
                event.add(new Location(entry.location()));
            }
            calendar.add(event);
        }
        return calendar.toString();
    }
}
