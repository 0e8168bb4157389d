package org.commonground.platform.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** Dates and times are read as ISO text and nothing else (the fuzzing pass found {@code 12345} read as a day). */
class StrictJsonTest {

    record Dated(LocalDate on, Instant at) {
    }

    private static ObjectMapper mapper() {
        ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule());
        new StrictJson().customize(mapper);
        return mapper;
    }

    @Test
    void isoDatesAndTimesAreRead() throws IOException {
        Dated d = mapper().readValue("{\"on\":\"2026-02-28\",\"at\":\"2026-02-28T10:00:00Z\"}", Dated.class);
        assertEquals(LocalDate.of(2026, 2, 28), d.on());
        assertEquals(Instant.parse("2026-02-28T10:00:00Z"), d.at());
    }

    @Test
    void aNumberIsNotADate() {
        assertThrows(MismatchedInputException.class, () -> mapper().readValue("{\"on\":12345}", Dated.class));
    }

    @Test
    void aNumberIsNotAnInstant() {
        assertThrows(MismatchedInputException.class, () -> mapper().readValue("{\"at\":1767225600}", Dated.class));
        assertThrows(MismatchedInputException.class, () -> mapper().readValue("{\"at\":1767225600.5}", Dated.class));
    }

    @Test
    void aDayThatDoesNotExistIsRefused() {
        assertThrows(IOException.class, () -> mapper().readValue("{\"on\":\"2026-02-30\"}", Dated.class));
    }
}
