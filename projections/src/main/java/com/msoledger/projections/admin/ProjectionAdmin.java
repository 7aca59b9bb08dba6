package com.msoledger.projections.admin;

import com.msoledger.projections.support.NotFound;
import com.msoledger.projections.support.Tables;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** {@code GET /api/v1/admin/projections}: each projection's position, the head, lag and replay state. */
@RestController
@RequestMapping(path = "/api/v1/admin/projections", produces = MediaType.APPLICATION_JSON_VALUE)
class ProjectionAdmin {

    private final ProjectionStatus status;
    private final ProjectionReplay replay;
    private final ProjectionChecksum checksums;

    ProjectionAdmin(ProjectionStatus status, ProjectionReplay replay, ProjectionChecksum checksums) {
        this.status = status;
        this.replay = replay;
        this.checksums = checksums;
    }

    /** A projection's fingerprint: per table, its rows and a hash of their content. */
    record Checksum(String projection, java.util.Map<String, String> tables, String combined) {
    }

    record Projections(List<ProjectionStatus.Status> projections) {
    }

    @GetMapping
    Projections list() {
        return new Projections(status.all());
    }

    @GetMapping("/{name}")
    ProjectionStatus.Status one(@PathVariable String name) {
        return status.find(name).orElseThrow(() -> new NotFound("no projection " + name));
    }

    /**
     * Starts rebuilding a projection from the first event (202); if a replay of it is already running,
     * answers with that one's progress (200). The rebuilt tables replace the live ones only if they are
     * verified equal to them, unless {@code force} is true.
     */
    @PostMapping("/{name}/replay")
    org.springframework.http.ResponseEntity<ProjectionReplay.Progress> replay(@PathVariable String name,
                                                                              @RequestParam(defaultValue = "false") boolean force) {
        boolean running = replay.isRunning(name);
        ProjectionReplay.Progress progress = replay.start(name, force).orElseThrow(() -> new NotFound("no projection " + name));
        return org.springframework.http.ResponseEntity.status(running ? 200 : 202).body(progress);
    }

    @GetMapping("/{name}/replay")
    ProjectionReplay.Progress replayProgress(@PathVariable String name) {
        replay.definition(name).orElseThrow(() -> new NotFound("no projection " + name));
        return replay.progress(name).orElseThrow(() -> new NotFound("no replay of " + name + " since the service started"));
    }

    @GetMapping("/{name}/checksum")
    Checksum checksum(@PathVariable String name) {
        var definition = replay.definition(name).orElseThrow(() -> new NotFound("no projection " + name));
        var tables = checksums.of(definition.tables(), Tables.LIVE);
        return new Checksum(name, tables, String.join("|", tables.values()));
    }
}
