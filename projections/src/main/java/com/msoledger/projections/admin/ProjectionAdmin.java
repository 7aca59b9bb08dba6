package com.msoledger.projections.admin;

import com.msoledger.projections.support.NotFound;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** {@code GET /api/v1/admin/projections}: each projection's position, the head, lag and replay state. */
@RestController
@RequestMapping(path = "/api/v1/admin/projections", produces = MediaType.APPLICATION_JSON_VALUE)
class ProjectionAdmin {

    private final ProjectionStatus status;

    ProjectionAdmin(ProjectionStatus status) {
        this.status = status;
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
}
