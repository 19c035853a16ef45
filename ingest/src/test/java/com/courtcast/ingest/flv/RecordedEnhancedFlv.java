package com.courtcast.ingest.flv;

import java.util.Base64;
import java.util.List;

/**
 * Two small Enhanced RTMP FLV files recorded from FFmpeg 8.0.1 (FFmpeg 6.1 is the first release
 * whose FLV muxer writes them), with the packet list FFmpeg 8.0.1's ffprobe printed for each
 * ({@code -show_entries packet=codec_type,pts,dts,flags,size -of csv=p=0}). They keep the Enhanced
 * RTMP path checked against a real muxer where the {@code ffmpeg} on PATH is older.
 */
final class RecordedEnhancedFlv {

    private RecordedEnhancedFlv() {}

    /**
     * {@code ffmpeg -f lavfi -i testsrc2=size=176x100:rate=25 -frames:v 8 -c:v libx265 -x265-params
     * bframes=3:keyint=4:min-keyint=4:info=0 -crf 45 -f flv}: hvc1 SequenceStart, a colorInfo
     * Metadata packet (frame type 5), CodedFrames with composition times and CodedFramesX.
     * ffprobe: Main, level 30, 176x100 (coded 176x104).
     */
    static final byte[] HEVC = Base64.getMimeDecoder().decode("""
            RkxWAQEAAAAJAAAAABIAALcAAAAAAAAAAgAKb25NZXRhRGF0YQgAAAAIAAhkdXJhdGlvbgA/2ZmZmZmZmgAFd2lkdGgAQGYAAAAA
            AAAABmhlaWdodABAWQAAAAAAAAANdmlkZW9kYXRhcmF0ZQAAAAAAAAAAAAAJZnJhbWVyYXRlAEA5AAAAAAAAAAx2aWRlb2NvZGVj
            aWQAQdodmMxAAAAAB2VuY29kZXICAAxMYXZmNjIuMy4xMDAACGZpbGVzaXplAECZEAAAAAAAAAAJAAAAwgkAAHMAAAAAAAAAkGh2
            YzEBAWAAAACQAAAAAAAe8AD8/fj4AAAPAyAAAQAYQAEMAf//AWAAAAMAkAAAAwAAAwAelZQJIQABAClCAQEBYAAAAwCQAAADAAAD
            AB6gFiBp95ZWWSTK8BaAgAAAAwCAAAAMhCIAAQAHRAHBcrRiQAAAAH4JAAAmAAAAAAAAANRodmMxAgAJY29sb3JJbmZvAwALY29s
            b3JDb25maWcDAAAJAAAJAAAAMQkAAccAAAAAAAAAkWh2YzEAAFAAAAG7KAGvBhQmn/37th0AuG+pLd8IQ7l/1w+BmDN3cb97e9Ex
            X8D7iWyQre+JZ7K1bLxsKWNXS4E7bNHQ/UCYkT6aguv9RAqYc/w9ZSdLD+09I2UsvKFCKhWq6NBkFbQeAwDSsWmLJxBv0nhFtEpI
            ZnRyjP3/vQSnE66HQgB8DydOI0N7tgesL9lj+Al0oHN1EHFrUBxlMbMAt4EwFgBQ5vpBU+sMFtJLs3qPzM4lAAfs1nKitkPL3NN/
            lMARnWap9ONBCbXCEWeN+NYTg+63zIYPkRebrTb5nljF5eg2wNVG8f4rCLaCNUIQxZec7D+ljJtgBxo/hgGcUdmib3UPQAWnR2v9
            ex1PuBfo5NNw7IiJvOE7ud3UCnRpwYRz2LgK8GSzjCIzFZRmdZvsNJsT6n/48qrZfIn/8GHR9pWGJPjOwHN62KAfnPpqEj0FeHQG
            w4tA6BblyfpbgNY8MHJFHenPzxzy5oH8XgXnj0JnsWJZneJ03hmjKRjiMVo1yBdO3GV8uAAFt1XSBT8l0la6kuxGCxVftFnIg32j
            AKbTsYKuv6YmADUQE+ELAApfzfWlwwNL/sdvthMKfGuDBBQAAAHSCQAB0QAAKAAAAACRaHZjMQAAyAAAAcUqAawQpHBhQmeQ/vNn
            Gnrl8MPx2DMvdmGTG73LGkPppahTjwqWNYtKC2zXSqI0taxf47TnFCGjIGSN4KLc31NByTpOld4KdJT292XYtHwwxJY6bTqdGrLw
            z4qU0eTuapAYour4VPYtL5nyF+IG07xrk27oGa+9k3Qip8HkFYaFtcyjlL6TLHkHOlVpySvGyybvMSipLZuEGyoFeDK7W7BUsH/g
            +r/XD1dyi+kCL01pOgbkIpQF02rtsswql7uZMX8uG4hM7iKpL1i+cH8tTeCk7oT4bXxL9AamJxSK/tqeovrNKpZB9MWHVKevgSF2
            iO416xXL/dc/ukyXyPJNUlGXzHRsb728wLe6xZsV1GW1dkyI28cyWLPvT1xO3f9UG6cHvknbT7aQAGfjQLHQzc7WvyJxH18vJAD5
            ANk1yWG/uOAuRClK3Zxj/uRf6qwPB/Qsk0k8nLSYRe/zHEt7JAiPG/HN4kJz742Q1sBSoAAI3oRLWFFkZTfHjXw6PuciJD3lmpnS
            IWAkcgAAwSbaywLPPOkQwJDUTjltJTOFFLfPXHaRVBk2NPOMvQm71lk7ChxvxyficnsjsjT93wgPqagAAAMAFhAAAAHcCQAAGgAA
            UAAAAAChaHZjMQAAUAAAAA4SAeBElXhgyJXnhhwBqwAAACUJAAAYAAB4AAAAAKNodmMxAAAADxAB4CT9fosGVKjnhhwBqwAAACMJ
            AAAbAACgAAAAAKFodmMxAAAoAAAADxAB4Ga1/UYMiVDnhhwBqwAAACYJAAAnAADIAAAAAKFodmMxAACgAAAAGwIB0DlfhDGDAiZA
            /oeFXS/2n/j203+lvr4EAwAAADIJAAAcAADwAAAAAKFodmMxAABQAAAAEAIB4MSX4YMqbueGa2ACxwQAAAAnCQAAGgABGAAAAACj
            aHZjMQAAABEAAeCk//osGRNw54arYAJ5zAAAACU=""");

    static final List<String> HEVC_PACKETS = List.of(
            "video,80,0,447,K__", "video,240,40,457,K__", "video,160,80,18,___", "video,120,120,19,___",
            "video,200,160,19,___", "video,360,200,31,___", "video,320,240,20,___", "video,280,280,21,___");

    /**
     * {@code ffmpeg -f lavfi -i testsrc2=size=176x100:rate=25 -frames:v 6 -c:v libaom-av1 -cpu-used 8
     * -crf 60 -g 3 -f flv}: an empty av01 SequenceStart (libaom has no configuration yet when the
     * header is written), the real one, colorInfo Metadata and CodedFrames without composition
     * time. ffprobe: Main, level 0, 176x100.
     */
    static final byte[] AV1 = Base64.getMimeDecoder().decode("""
            RkxWAQEAAAAJAAAAABIAALcAAAAAAAAAAgAKb25NZXRhRGF0YQgAAAAIAAhkdXJhdGlvbgA/zrhR64UeuAAFd2lkdGgAQGYAAAAA
            AAAABmhlaWdodABAWQAAAAAAAAANdmlkZW9kYXRhcmF0ZQAAAAAAAAAAAAAJZnJhbWVyYXRlAEA5AAAAAAAAAAx2aWRlb2NvZGVj
            aWQAQdhdjAxAAAAAB2VuY29kZXICAAxMYXZmNjIuMy4xMDAACGZpbGVzaXplAECcOAAAAAAAAAAJAAAAwgkAAAUAAAAAAAAAkGF2
            MDEAAAAQCQAAFQAAAAAAAACQYXYwMYEADAAKCgAAAAO1fjNr5AEAAAAgCQAAJgAAAAAAAADUYXYwMQIACWNvbG9ySW5mbwMAC2Nv
            bG9yQ29uZmlnAwAACQAACQAAADEJAAIuAAAAAAAAAJFhdjAxEgAKCgAAAAO1fjNr5AEymAQUACbgMbbfaFl10NxdSbBTODDTXPBJ
            Q4ALnwH638w4890dyLx0DrpNIuLNhyjaEVM7xnwo5hiC0lG3LbYm+o+AMyqedEIQl00+NykKS2P38m6MoyKQS2aPV51LYdzCTIbK
            YCmCeLm6BBAQau+K1c3c2FnqWB1Bp86VZAwzOywyIITaufFNKgbY8l2P5Pv2WUV/l0+VN+J37jrgavuO5glOa+9S6HTWQjq/mM6f
            pNPxbF0vZeoR0seUFzq8pTSO5wix1TSmkD5DHVhfoZCPfqfUgCvseyUXgH9jlhA/s3SlqYFEoTBDVfMTsBp++93/5Zi0/2GxIjm1
            /TOURyo0FqNAE/JeFf7UgQip7Q1kCve2swr8hImaQjX3L53pgADzujBNE+DQpeZpU4SJp1GX7CjWCM9yOfU5zWh1bJYfud+nUCgI
            GXTx7t7BwKyCxBGIuTb3OVfp32sXHcLwtTsU8FLfLpyEbsyeuQdiu1+OT2/TecobFF6UW1lk1m2xMe51idQrTuL7AU+1BmzChDIX
            KKbKgQgcUOoL73kaDvJUeNq1JUg9gAn3vf6Xkx9S/PaHOC82XzrDzvvBL333lb6TKlIbzJTFyaoI9zSqQHjxurV0tLUeyI0aVsYz
            HowX/k65UbdZnxhiVEncsMHB+/3oH5g9arD0waFTyA0azIQLwRp1iUbfYDlyzQ2DqCeLS9WrDNoTmXkTaahb5gAAAjkJAABKAAAo
            AAAAAKFhdjAxEgAyQTIB4EAAAANOwBVV+kWXXEAAmTp886AJ2bt2UYzUdUY28mgVCYKnHLVVTqMfFpXfu4DVIsNmra7s0tJiaFsX
            JgZAAAAAVQkAAEgAAFAAAAAAoWF2MDESADI/MgLgggAAA08AGmrVRYAAQACdG3ygA8Rv/yRqMctk1Vp9dgkGwgM3ZEnwY+iWMykz
            ZtH36oMbxfeYaRbhww9/AAAAUwkAAiYAAHgAAAAAkWF2MDESAAoKAAAAA7V+M2vkATKQBBQAJtgxhiBwWXXQzmI5LOPOq4K6fEek
            nhMfwzyqx2LD4SizxvpVIorSIbHoaC3NquD3+4aWuN3eEnZvQQuJrlb7yhmITavvWwCtKsfG4ULeiEyUA2LuOHUEKe8rxyWT0rzD
            OuVWsZVGcVGo3v2vc/d10YbeIUjtDAMIYmVogyOQNcU/j6BEsdobVCL7qxmSFBxe/nkBqZIbDhm5WY2sSoUNCWJzfcRPxKL6NV0f
            BcvkfjiQ48X9Im7pGRQypqH+CTlDTr7kT431AQELktPnXa1d2YKo24OwnuWYyv7+v3iFh8rd/CB/r9qYAkLeaMQU3+qqIy38Pm/S
            2YM7TX6A7yE7uOgRNUcgSNKQwqYdnE9OmjCRmmjDQUqbVmIb9ZlRFI/hPd7z85E0dZKaPz5gYbWWyuBU3m/bWL30Z5WfSr6Bj0Dj
            1vWfrkS7Y6xCbFTtO4VtDBrB/Uzqfy0REXy1XX7gbyk2cOl5tJ5R5VGFhGQ0QMJv3LAljshJnyLmRFONxfzfh6P9wHGrClUGOTnj
            nbO4eBpNQg7QbxXSBiYT54W7rfUoJDUByAhAwsFLduc4k+lcy3/jAQh0mHR4Wq4abQ8gFkKb7a6LQ53MEekbpBbTXP31lKvxzE/7
            BHVqwtCoFGHF9Yv2iwSVkj1raJ973TjhkefNT1wpE8rjKNIkbfxomhnYKze+tfhLsGD0Vo8g6AAAAjEJAABGAACgAAAAAKFhdjAx
            EgAyPTIB4EAAAANOsBhgBIWAAEAAmTp88k2b5hf5mNmEndPqqhTml0+ai30TfLHfGjwJqMluOHs50yCOrxjBnQcAAABRCQAASAAA
            yAAAAAChYXYwMRIAMj8yAuCCAAADTwAVVASFlwRAAJk7H+XZcZfhv0G+dQMhT0p9c5Od7SiOF+zax5JAMPtXC8Qx6xxS2U8fmS0I
            2AgAAABT""");

    static final List<String> AV1_PACKETS = List.of(
            "video,0,0,553,K__", "video,40,40,69,___", "video,80,80,67,___", "video,120,120,545,K__",
            "video,160,160,65,___", "video,200,200,67,___");
}
