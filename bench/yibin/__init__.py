"""The Yibin-scale data set (the models are imported by `bench.yibin.build`, after
Django is set up): one city (宜宾市) at the scale of the report
(376,000 volunteers, 3,782,000 hours entries, 13 agencies, 807 certified workers),
or a share of it, on an empty PostgreSQL database:

    createdb -h 127.0.0.1 -U postgres sanshe_yibin
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sanshe_yibin DEBUG=1 \\
        .venv/bin/python -m bench.yibin build --scale 1        # or --scale 0.1

Places are the same at every scale (3 districts, 6 streets of 12 communities,
13 agencies, a social-work room in each community); records scale. Small tables
are made with the ORM, big ones with INSERT … SELECT generate_series (or COPY),
without history rows. The summary tables are then filled by the apps' own
rebuild (`centers.tallies.rebuild_all`), so they are what the app would keep.
Logins made for benchmarks (no password; `manage.py changepassword` to set one):
`yibin_root` (superuser), `yibin_leader` (leader of 南岸街道), `yibin_staff`
(staff of 南岸街道社工服务中心).
"""
