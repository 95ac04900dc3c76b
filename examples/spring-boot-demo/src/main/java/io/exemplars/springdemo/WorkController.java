package io.exemplars.springdemo;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code GET /work?sleepMicros=N}: waits N microseconds (at most one second) and answers
 * {@code ok}. The starter's Spring MVC instrumentation records each request's duration in
 * {@code http.server.request.duration}.
 */
@RestController
public class WorkController {
    private static final long MAX_SLEEP_MICROS = TimeUnit.SECONDS.toMicros(1);

    /**
     * @param sleepMicros how long to wait
     * @return {@code ok}
     */
    @GetMapping("/work")
    public String work(@RequestParam(name = "sleepMicros", defaultValue = "0") final long sleepMicros) {
        final long until = System.nanoTime() + TimeUnit.MICROSECONDS.toNanos(Math.min(MAX_SLEEP_MICROS, sleepMicros));
        for (long left = until - System.nanoTime(); left > 0; left = until - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
        return "ok";
    }
}
