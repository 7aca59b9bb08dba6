package com.msoledger.ledger.web;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves the contract, {@code api-spec/openapi.yaml}, exactly as written (it ships inside the
 * api-spec jar). Swagger UI reads this file rather than a spec generated from the code, so what
 * readers see is what the contract test enforces.
 */
@RestController
class ApiSpecController {

    static final String PATH = "/api-spec/openapi.yaml";

    private final Resource spec = new ClassPathResource("api-spec/openapi.yaml");

    @GetMapping(path = PATH, produces = "application/yaml")
    ResponseEntity<Resource> openApi() {
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/yaml")).body(spec);
    }
}
